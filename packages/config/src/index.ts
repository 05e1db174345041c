export {
  allowPrivateHosts,
  apiKeys,
  autoMigrate,
  type CoreEnv,
  coreEnvShape,
  coreSettingsFrom,
  envBool,
  envInt,
  logLevel,
  openAiKeyProblem,
  postgresUrl,
  rateLimitPerMinute,
  readEnv,
  renderMode,
} from './env.js';
export { type Lifecycle, type RunUntilSignalOptions, runUntilSignal } from './lifecycle.js';
export { exitOnStartupError } from './startup.js';
