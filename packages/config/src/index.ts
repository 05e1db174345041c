export {
  apiKeys,
  autoMigrate,
  type CoreEnv,
  coreEnvShape,
  coreSettingsFrom,
  envBool,
  envInt,
  logLevel,
  postgresUrl,
  readEnv,
} from './env.js';
export { type Lifecycle, type RunUntilSignalOptions, runUntilSignal } from './lifecycle.js';
export { exitOnStartupError } from './startup.js';
