export * from './http/http-client';
export * from './kit/connector';
