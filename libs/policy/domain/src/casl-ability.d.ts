// @casl/ability 7 publishes its types only through package.json "exports", which the workspace's
// moduleResolution "node" does not read; this points the bare specifier at the same declarations.
declare module '@casl/ability' {
  export * from '@casl/ability/dist/types';
}
