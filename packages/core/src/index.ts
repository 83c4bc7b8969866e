export { VERSION } from './version';

export * from './schemas';
export * from './errors';
export * from './provider';
export * from './results';
export * from './engine';
export * from './media';
export * from './cache';
export * from './store';
export * from './http';
export * from './safety';
