/** @crm-bridge/desk: the service desk use cases over the store. */
export {};
