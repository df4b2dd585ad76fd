import { ConfigError, loadConfig } from '../app-config';

/** The problems loadConfig names for `env`; none when it is accepted. */
export function problemsOf(env: Record<string, string>): readonly { field: string; reason: string }[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems;
  }
}
