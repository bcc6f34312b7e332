import { AppError } from '../errors';
import type { CommandSpec } from './common';

// Placeholder until the command lands; its issue owns this file.
export const doctorSpec: CommandSpec = {
  name: 'doctor',
  summary: '(not built yet)',
  usage: 'auth-wizard doctor',
  options: {},
  examples: ['auth-wizard doctor --help'],
  async run() {
    throw new AppError('internal', '`auth-wizard doctor` is not built yet; see the README for what works today.');
  },
};
