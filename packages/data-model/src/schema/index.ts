export * from './jobs.js';
export * from './schedules.js';
