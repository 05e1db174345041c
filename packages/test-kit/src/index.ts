export { createTestDatabase, DEFAULT_DATABASE_URL, type TestDatabase } from './database.js';
export { type ChatRequest, type FakeOpenAI, type FakeResponse, startFakeOpenAI } from './fake-openai.js';
export { llmsTxtFromPrompt } from './model-answers.js';
export {
  type Child,
  type ExitStatus,
  type RunOptions,
  type RunResult,
  runCommand,
  runNode,
  spawnNode,
  waitHealthy,
} from './processes.js';
export { REPO_ROOT, SKIP_SHARED_REASON, sharedDir, sharedFixture } from './shared.js';
export {
  contentTypeFor,
  type StaticFile,
  type StaticSite,
  type StaticSiteOptions,
  startStaticSite,
} from './static-site.js';
export { startTcpProxy, type TcpProxy } from './tcp-proxy.js';
export { freePort, waitFor } from './wait.js';
