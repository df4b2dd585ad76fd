export class ConfigError extends Error {
  constructor(readonly problems: readonly { field: string; reason: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.field}: ${p.reason}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
