/** The DocTypes the sandbox serves: which Dataset backs each, its columns, names, child tables and links. */
import type { Dataset, DatasetRow } from '@crm-bridge/sync/testing';
import type { OrderKey } from './frappe-filters';
import { renderSalesOrder, salesOrderName } from './render-orders';
import {
  contactName,
  customerName,
  type RenderContext,
  type Rendered,
  renderAddress,
  renderContact,
  renderCustomer,
} from './render-parties';

const STANDARD = ['name', 'owner', 'creation', 'modified', 'modified_by', 'docstatus', 'idx'];
const CHILD_STANDARD = [...STANDARD, 'parent', 'parenttype', 'parentfield'];

export interface ParentDoctype {
  name: string;
  dataset: Dataset;
  columns: ReadonlySet<string>;
  /** The DocType's sort_field / sort_order, used when a request sends no order_by. */
  defaultOrder: OrderKey[];
  /** Child table fieldname → child DocType. */
  tables: Record<string, string>;
  nameOf(row: DatasetRow): string;
  /** The live row a name denotes, or null. */
  rowOf(name: string): DatasetRow | null;
  render(row: DatasetRow): Rendered | null;
  /** Rows linked by Dynamic Link to these Customer names (Address, Contact): the join's fast path. */
  linkedTo?(customers: readonly string[]): DatasetRow[];
}

export interface ChildDoctype {
  name: string;
  columns: ReadonlySet<string>;
  /** Parent DocType → the table fieldname holding these rows. */
  parents: Record<string, string>;
}

const columns = (own: string[], base = STANDARD) => new Set([...base, ...own]);
const byModified = (desc: boolean): OrderKey[] => [{ field: 'modified', desc }];

/** Renders each row version once while it is hot: a page's list and its child-table queries render the same rows. */
function cached(render: (row: DatasetRow) => Rendered | null, caches: Map<string, Rendered | null>[]) {
  const cache = new Map<string, Rendered | null>();
  caches.push(cache);
  return (row: DatasetRow): Rendered | null => {
    const key = `${row.id}:${row.version}:${row.modifiedMs}:${row.archived}`;
    let hit = cache.get(key);
    if (hit === undefined) {
      hit = render(row);
      if (cache.size >= 20_000) cache.clear(); // bounded
      cache.set(key, hit);
    }
    return hit;
  };
}

export interface Doctypes {
  parents: Map<string, ParentDoctype>;
  children: Map<string, ChildDoctype>;
  /** Forgets rendered rows: after a change (links, primary contact) or a new fault plan (malformed rows). */
  clearCaches(): void;
}

export function createDoctypes(ctx: RenderContext): Doctypes {
  const caches: Map<string, Rendered | null>[] = [];
  const { data } = ctx;
  const customerRow = (name: string): DatasetRow | null => {
    const match = /^CUST-\d{4}-(\d+)$/.exec(name);
    const row = match ? data.customers.get(Number(match[1])) : null;
    return row && customerName(ctx, row) === name ? row : null;
  };
  const linked = (dataset: Dataset, ids: (company: number) => number[]) => (customers: readonly string[]) =>
    customers.flatMap((name) => {
      const customer = customerRow(name);
      if (!customer) return [];
      return ids(customer.key.company)
        .map((id) => dataset.get(id))
        .filter((row): row is DatasetRow => row !== null);
    });
  const single = (id: number | null) => (id === null ? [] : [id]);

  const parents: ParentDoctype[] = [
    {
      name: 'Customer',
      dataset: data.customers,
      columns: columns([
        'naming_series',
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
        'primary_address',
        'website',
        'language',
        'disabled',
        'is_frozen',
        'is_internal_customer',
      ]),
      // erpnext customer.json: sort_field modified, sort_order ASC (the version read; varies, so clients send order_by).
      defaultOrder: byModified(false),
      tables: {},
      nameOf: (row) => customerName(ctx, row),
      rowOf: customerRow,
      render: cached((row) => renderCustomer(ctx, row), caches),
    },
    {
      name: 'Address',
      dataset: data.addresses,
      columns: columns([
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
      ]),
      defaultOrder: byModified(true),
      tables: { links: 'Dynamic Link' },
      nameOf: (row) =>
        `${customerName(ctx, data.customers.get(data.customerIdOf(row.key.company) ?? 0) ?? row)}-Billing`,
      rowOf(name) {
        const match = /^(CUST-\d{4}-\d+)-Billing$/.exec(name);
        const customer = match ? customerRow(match[1]!) : null;
        const id = customer ? data.addressIdOf(customer.key.company) : null;
        return id === null ? null : data.addresses.get(id);
      },
      render: cached((row) => renderAddress(ctx, row), caches),
      linkedTo: linked(data.addresses, (company) => single(data.addressIdOf(company))),
    },
    {
      name: 'Contact',
      dataset: data.contacts,
      columns: columns([
        'first_name',
        'middle_name',
        'last_name',
        'full_name',
        'email_id',
        'user',
        'address',
        'status',
        'salutation',
        'designation',
        'gender',
        'phone',
        'mobile_no',
        'company_name',
        'is_primary_contact',
        'department',
        'unsubscribed',
      ]),
      // frappe contact.json: sort_field modified, sort_order ASC.
      defaultOrder: byModified(false),
      tables: { links: 'Dynamic Link', email_ids: 'Contact Email', phone_nos: 'Contact Phone' },
      nameOf: (row) => contactName(ctx, row),
      rowOf(name) {
        const match = /-(CUST-\d{4}-\d+)(?:-\d+)?$/.exec(name);
        const customer = match ? customerRow(match[1]!) : null;
        if (!customer) return null;
        for (const id of data.contactIdsOf(customer.key.company)) {
          const row = data.contacts.get(id);
          if (row && contactName(ctx, row) === name) return row;
        }
        return null;
      },
      render: cached((row) => renderContact(ctx, row), caches),
      linkedTo: linked(data.contacts, (company) => data.contactIdsOf(company)),
    },
    {
      name: 'Sales Order',
      dataset: data.orders,
      columns: columns([
        'naming_series',
        'customer',
        'customer_name',
        'order_type',
        'transaction_date',
        'delivery_date',
        'po_no',
        'company',
        'currency',
        'conversion_rate',
        'selling_price_list',
        'price_list_currency',
        'total_qty',
        'total',
        'net_total',
        'total_taxes_and_charges',
        'grand_total',
        'rounded_total',
        'base_grand_total',
        'status',
        'per_delivered',
        'per_billed',
        'delivery_status',
        'billing_status',
      ]),
      defaultOrder: byModified(true),
      tables: { items: 'Sales Order Item' },
      nameOf: (row) => salesOrderName(ctx, row),
      rowOf(name) {
        const match = /^SAL-ORD-\d{4}-(\d+)$/.exec(name);
        const row = match ? data.orders.get(Number(match[1])) : null;
        return row && salesOrderName(ctx, row) === name ? row : null;
      },
      render: cached((row) => renderSalesOrder(ctx, row), caches),
    },
  ];

  const children: ChildDoctype[] = [
    {
      name: 'Dynamic Link',
      columns: columns(['link_doctype', 'link_name', 'link_title'], CHILD_STANDARD),
      parents: { Address: 'links', Contact: 'links' },
    },
    {
      name: 'Contact Email',
      columns: columns(['email_id', 'is_primary'], CHILD_STANDARD),
      parents: { Contact: 'email_ids' },
    },
    {
      name: 'Contact Phone',
      columns: columns(['phone', 'is_primary_phone', 'is_primary_mobile_no'], CHILD_STANDARD),
      parents: { Contact: 'phone_nos' },
    },
    {
      name: 'Sales Order Item',
      columns: columns(
        [
          'item_code',
          'item_name',
          'description',
          'qty',
          'uom',
          'stock_uom',
          'conversion_factor',
          'price_list_rate',
          'discount_percentage',
          'rate',
          'amount',
          'net_rate',
          'net_amount',
          'delivery_date',
          'warehouse',
        ],
        CHILD_STANDARD,
      ),
      parents: { 'Sales Order': 'items' },
    },
  ];
  return {
    parents: new Map(parents.map((doctype) => [doctype.name, doctype])),
    children: new Map(children.map((doctype) => [doctype.name, doctype])),
    clearCaches: () => {
      for (const cache of caches) cache.clear();
    },
  };
}
