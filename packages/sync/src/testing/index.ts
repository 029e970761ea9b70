export * from './world/world-types';
