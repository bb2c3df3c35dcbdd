// Preload for `node -r`: compile TypeScript on the fly with swc, honouring tsconfig.base.json
// (paths, decorators, emitDecoratorMetadata).
const path = require('node:path');
process.env.SWC_NODE_PROJECT ??= path.resolve(__dirname, '..', '..', 'tsconfig.base.json');
require('@swc-node/register');
