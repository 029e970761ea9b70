import type { FieldSpec } from './odoo-model';

/** The Odoo major version the sandbox plays: field names, order states and error codes drift with it (1.5, 1.6). */
export type OdooMajor = 16 | 17 | 18 | 19;

type Spec = Record<string, FieldSpec>;
const f = (type: string, string: string, relation?: string): FieldSpec =>
  relation === undefined ? { type, string } : { type, string, relation };

/** res.partner; `mobile` is gone in 19. */
export function partnerFields(version: OdooMajor): Spec {
  return {
    id: f('integer', 'ID'),
    name: f('char', 'Name'),
    display_name: f('char', 'Display Name'),
    complete_name: f('char', 'Complete Name'),
    is_company: f('boolean', 'Is a Company'),
    company_type: f('selection', 'Company Type'),
    parent_id: f('many2one', 'Related Company', 'res.partner'),
    commercial_partner_id: f('many2one', 'Commercial Entity', 'res.partner'),
    type: f('selection', 'Address Type'),
    function: f('char', 'Job Position'),
    email: f('char', 'Email'),
    phone: f('char', 'Phone'),
    ...(version <= 18 ? { mobile: f('char', 'Mobile') } : {}),
    vat: f('char', 'Tax ID'),
    company_registry: f('char', 'Company ID'),
    ref: f('char', 'Reference'),
    street: f('char', 'Street'),
    street2: f('char', 'Street2'),
    zip: f('char', 'Zip'),
    city: f('char', 'City'),
    state_id: f('many2one', 'State', 'res.country.state'),
    country_id: f('many2one', 'Country', 'res.country'),
    country_code: f('char', 'Country Code'),
    lang: f('selection', 'Language'),
    active: f('boolean', 'Active'),
    customer_rank: f('integer', 'Customer Rank'),
    supplier_rank: f('integer', 'Supplier Rank'),
    create_date: f('datetime', 'Created on'),
    write_date: f('datetime', 'Last Updated on'),
  };
}

/** sale.order; `locked` from 17 (≤ 16 had the `done` state instead). */
export function orderFields(version: OdooMajor): Spec {
  return {
    id: f('integer', 'ID'),
    name: f('char', 'Order Reference'),
    display_name: f('char', 'Display Name'),
    partner_id: f('many2one', 'Customer', 'res.partner'),
    partner_invoice_id: f('many2one', 'Invoice Address', 'res.partner'),
    partner_shipping_id: f('many2one', 'Delivery Address', 'res.partner'),
    date_order: f('datetime', 'Order Date'),
    state: f('selection', 'Status'),
    ...(version >= 17 ? { locked: f('boolean', 'Locked') } : {}),
    currency_id: f('many2one', 'Currency', 'res.currency'),
    amount_untaxed: f('monetary', 'Untaxed Amount'),
    amount_tax: f('monetary', 'Taxes'),
    amount_total: f('monetary', 'Total'),
    client_order_ref: f('char', 'Customer Reference'),
    invoice_status: f('selection', 'Invoice Status'),
    order_line: f('one2many', 'Order Lines', 'sale.order.line'),
    company_id: f('many2one', 'Company', 'res.company'),
    create_date: f('datetime', 'Created on'),
    write_date: f('datetime', 'Last Updated on'),
  };
}

/** sale.order.line; `product_uom`/`tax_id` renamed `product_uom_id`/`tax_ids` in 19. */
export function orderLineFields(version: OdooMajor): Spec {
  return {
    id: f('integer', 'ID'),
    order_id: f('many2one', 'Order Reference', 'sale.order'),
    sequence: f('integer', 'Sequence'),
    display_type: f('selection', 'Display Type'),
    product_id: f('many2one', 'Product', 'product.product'),
    name: f('text', 'Description'),
    product_uom_qty: f('float', 'Quantity'),
    ...(version >= 19
      ? { product_uom_id: f('many2one', 'Unit', 'uom.uom'), tax_ids: f('many2many', 'Taxes', 'account.tax') }
      : {
          product_uom: f('many2one', 'Unit of Measure', 'uom.uom'),
          tax_id: f('many2many', 'Taxes', 'account.tax'),
        }),
    price_unit: f('float', 'Unit Price'),
    discount: f('float', 'Discount (%)'),
    price_subtotal: f('monetary', 'Subtotal'),
    price_tax: f('float', 'Total Tax'),
    price_total: f('monetary', 'Total'),
    qty_delivered: f('float', 'Delivery Quantity'),
    qty_invoiced: f('float', 'Invoiced Quantity'),
    currency_id: f('many2one', 'Currency', 'res.currency'),
    state: f('selection', 'Order Status'),
    create_date: f('datetime', 'Created on'),
    write_date: f('datetime', 'Last Updated on'),
  };
}
