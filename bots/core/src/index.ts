export * from './chat-contract';
