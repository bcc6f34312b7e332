import { AppError } from '../errors';
import type { CommandSpec } from './common';

// Placeholder until the command lands; its issue owns this file.
export const tokenSpec: CommandSpec = {
  name: 'token',
  summary: '(not built yet)',
  usage: 'auth-wizard token',
  options: {},
  examples: ['auth-wizard token --help'],
  async run() {
    throw new AppError('internal', '`auth-wizard token` is not built yet; see the README for what works today.');
  },
};
