/**
 * The raw records the streams hand the engine: Frappe rows as they came (stored as-is in quarantine), plus
 * the child rows fetched for them and the event time (ISO UTC) that placed them in the read.
 */
import type { Row } from './frappe-query';

/** A Customer row with its Addresses (rows of the Address list, one per Dynamic Link to this customer). */
export interface CustomerRaw {
  type: 'customer';
  customer: Row;
  addresses: Row[];
  /** When the change that brought it into this read happened: its own `modified` or an address's. */
  modifiedAt: string | null;
}

/** A Contact row with its child tables: Dynamic Links to Customers, Contact Email, Contact Phone. */
export interface ContactRaw {
  type: 'contact';
  contact: Row;
  links: Row[];
  emails: Row[];
  phones: Row[];
  modifiedAt: string | null;
}

/** A Sales Order header with its Sales Order Item rows. */
export interface OrderRaw {
  type: 'order';
  order: Row;
  items: Row[];
  modifiedAt: string | null;
}

/** A `Deleted Document` row: the record is gone; `data` is the JSON of the document as it was. */
export interface DeletedRaw {
  type: 'deleted';
  deleted: Row;
  modifiedAt: string | null;
}

export type ErpNextRaw = CustomerRaw | ContactRaw | OrderRaw | DeletedRaw;

export const CUSTOMER_FIELDS = [
  'name',
  'customer_name',
  'customer_type',
  'customer_group',
  'territory',
  'tax_id',
  'default_currency',
  'email_id',
  'mobile_no',
  'customer_primary_contact',
  'customer_primary_address',
  'website',
  'disabled',
  'modified',
] as const;

/** Address columns plus the link that names the customer (the list joins `tabDynamic Link`). */
export const ADDRESS_FIELDS = [
  'name',
  'address_title',
  'address_type',
  'address_line1',
  'address_line2',
  'city',
  'state',
  'pincode',
  'country',
  'email_id',
  'phone',
  'is_primary_address',
  'is_shipping_address',
  'disabled',
  'modified',
  '`tabDynamic Link`.`link_name`',
] as const;

export const CONTACT_FIELDS = [
  'name',
  'first_name',
  'middle_name',
  'last_name',
  'full_name',
  'email_id',
  'phone',
  'mobile_no',
  'designation',
  'company_name',
  'is_primary_contact',
  'modified',
] as const;

export const SALES_ORDER_FIELDS = [
  'name',
  'customer',
  'customer_name',
  'transaction_date',
  'delivery_date',
  'status',
  'docstatus',
  'currency',
  'conversion_rate',
  'total',
  'net_total',
  'total_taxes_and_charges',
  'grand_total',
  'rounded_total',
  'per_delivered',
  'per_billed',
  'po_no',
  'company',
  'modified',
] as const;

export const SALES_ORDER_ITEM_FIELDS = [
  'parent',
  'idx',
  'item_code',
  'item_name',
  'description',
  'qty',
  'uom',
  'rate',
  'amount',
  'net_amount',
  'discount_percentage',
] as const;

export const DELETED_DOCUMENT_FIELDS = [
  'name',
  'deleted_doctype',
  'deleted_name',
  'creation',
  'data',
] as const;
