export * from './address-policy.js';
