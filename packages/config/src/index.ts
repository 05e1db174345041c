export {
  apiKeys,
  type CoreEnv,
  coreEnvShape,
  coreSettingsFrom,
  envBool,
  envInt,
  logLevel,
  postgresUrl,
  readEnv,
} from './env.js';
