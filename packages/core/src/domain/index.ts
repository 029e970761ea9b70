export * from './common';
export * from './customer';
export * from './desk';
export * from './employee';
export * from './order';
export * from './segment';
