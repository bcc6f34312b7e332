import { AppError } from '../errors';
import type { CommandSpec } from './common';

// Placeholder until the command lands; its issue owns this file.
export const envSpec: CommandSpec = {
  name: 'env',
  summary: '(not built yet)',
  usage: 'auth-wizard env',
  options: {},
  examples: ['auth-wizard env --help'],
  async run() {
    throw new AppError('internal', '`auth-wizard env` is not built yet; see the README for what works today.');
  },
};
