import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { createLanewiseServer } from './server.ts';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}

const logger = createLogger(config.logLevel).child({ instance: config.instanceId });
const server = createLanewiseServer(config, logger);

try {
  await server.listen();
} catch (error) {
  logger.fatal({ err: error }, `could not listen on ${config.host}:${config.port}`);
  process.exit(1);
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'shutting down');
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
