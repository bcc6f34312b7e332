import { AppError } from '../errors';
import type { CommandSpec } from './common';

// Placeholder until the command lands; its issue owns this file.
export const loginSpec: CommandSpec = {
  name: 'login',
  summary: '(not built yet)',
  usage: 'auth-wizard login',
  options: {},
  examples: ['auth-wizard login --help'],
  async run() {
    throw new AppError('internal', '`auth-wizard login` is not built yet; see the README for what works today.');
  },
};
