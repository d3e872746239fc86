import pkg from '../package.json' with { type: 'json' };

/** This llmload's version (package.json), e.g. for k6's default User-Agent `llmload/<version>`. */
export const LLMLOAD_VERSION: string = pkg.version;
