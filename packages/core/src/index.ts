export * from './config/index';
export * from './domain/index';
export * from './errors/crm-error';
export * from './log/logger';
