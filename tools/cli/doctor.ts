/** `npm run doctor` entry point (see doctor-app.ts). */
import { runDoctorCommand } from './doctor-app';

runDoctorCommand({ out: process.stdout, env: process.env })
  .then((code) => process.exit(code))
  .catch((err: Error) => {
    process.stderr.write(`npm run doctor failed: ${err.message}\n`);
    process.exit(1);
  });
