/** Parses `--name=value` and `--name value` flags (kube-apiserver style); unknown flags are errors. */
export function parseFlags<T extends Record<string, string>>(
  args: readonly string[],
  defaults: T,
): { flags: T; positional: string[] } {
  const flags: Record<string, string> = { ...defaults };
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (!Object.hasOwn(defaults, name)) throw new Error(`unknown flag: --${name}`);
    let value: string;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      const next = args[i + 1];
      if (next === undefined) throw new Error(`flag needs an argument: --${name}`);
      value = next;
      i++;
    }
    flags[name] = value;
  }
  return { flags: flags as T, positional };
}
