// The stores a ChatGPT sign-in can go to: those in STORES with a `grant` side,
// in STORES order (test/architecture.test.ts holds the two together). A literal
// here, apart from index.ts, so that code which only names a target (flags,
// the wizard's questions) gets its union type and loads no store.
export const OPENAI_TARGETS = ['codex', 'opencode', 'auth-wizard'] as const;
export type OpenAiTarget = (typeof OPENAI_TARGETS)[number];
