import { AppError } from '../errors';
import type { CommandSpec } from './common';

// Placeholder until the command lands; its issue owns this file.
export const logoutSpec: CommandSpec = {
  name: 'logout',
  summary: '(not built yet)',
  usage: 'auth-wizard logout',
  options: {},
  examples: ['auth-wizard logout --help'],
  async run() {
    throw new AppError('internal', '`auth-wizard logout` is not built yet; see the README for what works today.');
  },
};
