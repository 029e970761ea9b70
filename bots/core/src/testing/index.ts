/** Test support shared by every chat channel's tests: a customer in two ERPs, the counts a refusal must not move. */
export * from './store-counts';
export * from './two-erp-config';
export * from './two-erp-customer';
