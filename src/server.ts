// Starts the service: configuration from the environment, migrations, listening, and a
// graceful shutdown that lets requests in flight finish.
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { firstRunAdminLink } from './web/plugin.js';

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const app = await buildApp(config, { logger: { level: process.env.LOG_LEVEL ?? 'info' } });
  closeWithGrace({ delay: 10_000 }, async ({ err, signal }) => {
    if (err) app.log.error({ err }, 'stopping after an unexpected error');
    else app.log.info({ signal }, 'stopping');
    await app.close();
  });
  await app.listen({ port: config.port, host: config.host });
  app.log.info(`Indaba is running at ${config.publicUrl} (API documentation: ${config.publicUrl}/docs)`);
  // First run: nobody can sign in as administrator yet, so the console gets a one-time link.
  const adminLink = firstRunAdminLink(app);
  if (adminLink) {
    app.log.warn(`No administrator yet: open ${adminLink} to sign in as ${config.adminEmail} and become one.`);
    console.log(`\nFirst run: open this link to sign in as ${config.adminEmail} (administrator):\n${adminLink}\n`);
  }
}

await main();
