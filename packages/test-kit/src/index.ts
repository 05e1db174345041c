export { startStaticSite, contentTypeFor, type StaticSite, type StaticSiteOptions, type StaticFile } from './static-site.js';
export { startFakeOpenAI, type FakeOpenAI, type FakeResponse, type ChatRequest } from './fake-openai.js';
export { createTestDatabase, DEFAULT_DATABASE_URL, type TestDatabase } from './database.js';
export { sharedDir, sharedFixture, REPO_ROOT, SKIP_SHARED_REASON } from './shared.js';
export { freePort, waitFor } from './wait.js';
