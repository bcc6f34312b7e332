// The stores a ChatGPT sign-in can go to. Apart from the writers, so that code
// which only names a target (flags, the wizard's questions) does not load them.
export const OPENAI_TARGETS = ['codex', 'opencode', 'auth-wizard'] as const;
export type OpenAiTarget = (typeof OPENAI_TARGETS)[number];
