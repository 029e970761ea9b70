/** @crm-bridge/api: the HTTP API v1. */
export {};
