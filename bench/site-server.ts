// Child process of serveSyntheticSites(): serves the synthetic site(s) described by argv[2] and reports its URL.
import { startStaticSite } from '@ltx/test-kit';
import { type SyntheticSiteOptions, syntheticSite } from './synthetic-site.js';

const options = JSON.parse(process.argv[2] ?? '{}') as SyntheticSiteOptions & { sites?: number };
const sites = options.sites ?? 1;
const files =
  sites === 1
    ? syntheticSite(options)
    : Object.assign(
        {},
        ...Array.from({ length: sites }, (_, i) => syntheticSite({ ...options, prefix: `/site${i}` })),
      );
const site = await startStaticSite({ files });
process.send?.({ url: site.url });
process.once('message', () => {
  void site.close().then(() => process.exit(0));
});
