import { AppError } from '../errors';
import type { CommandSpec } from './common';

// Placeholder until the command lands; its issue owns this file.
export const onboardSpec: CommandSpec = {
  name: 'onboard',
  summary: '(not built yet)',
  usage: 'auth-wizard onboard',
  options: {},
  examples: ['auth-wizard onboard --help'],
  async run() {
    throw new AppError('internal', '`auth-wizard onboard` is not built yet; see the README for what works today.');
  },
};
