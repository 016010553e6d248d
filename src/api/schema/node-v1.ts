import { string, mapOf, arrayOf, atomic, opt, ptr, req } from './build.js';
import { meta, core, node, quantity } from './packages.js';
import type { TypeSchema } from './types.js';

export const nodeV1Types: readonly TypeSchema[] = [
  node.kind('RuntimeClass', 'A container runtime configuration that pods can select.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    req('handler', 2, string),
    ptr('overhead', 3, node.ref('Overhead')),
    ptr('scheduling', 4, node.ref('Scheduling')),
  ]),
  node.list('RuntimeClass'),
  node.type('Overhead', undefined, [opt('podFixed', 1, mapOf(quantity))]),
  node.type('Scheduling', undefined, [
    opt('nodeSelector', 1, mapOf(string, 'atomic')),
    opt('tolerations', 2, arrayOf(core.ref('Toleration'), atomic)),
  ]),
];
