export * from './jobs.js';
export * from './limits.js';
export * from './schedules.js';
export * from './settings.js';
export * from './sites.js';
