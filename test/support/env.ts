/**
 * Sets environment variables for a test file (read by the apps it starts); the function returned puts back
 * what was there before, so that the next file in the same Jest worker starts from the same environment.
 */
export function setEnv(settings: Record<string, string>): () => void {
  const saved = Object.fromEntries(Object.keys(settings).map((name) => [name, process.env[name]]));
  Object.assign(process.env, settings);
  return () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
