export * from './address-policy.js';
export * from './allowed-cidrs.js';
export * from './guarded-lookup.js';
export * from './special-purpose.js';
export * from './ssrf-env.js';
export * from './url-host.js';
