export {
  allowPrivateHosts,
  apiKeys,
  autoMigrate,
  type CoreEnv,
  commaList,
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
  retentionEnvShape,
  serviceEnvShape,
} from './env.js';
export { type Lifecycle, type RunUntilSignalOptions, runUntilSignal } from './lifecycle.js';
export { exitOnStartupError, readEnvOrExit, startupStep } from './startup.js';
