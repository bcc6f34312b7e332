// The providers and sign-in methods, named once: the flags' choices, the
// options' types, login's dispatch and the wizard's questions all come from here.
export const PROVIDERS = ['openai', 'anthropic'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** The ChatGPT sign-ins, which give a grant (an account to save or switch to); an API key gives none. */
export const OPENAI_GRANT_METHODS = ['browser', 'paste', 'device'] as const;
export const OPENAI_LOGIN_METHODS = [...OPENAI_GRANT_METHODS, 'api-key'] as const;
export const ANTHROPIC_LOGIN_METHODS = ['claude-cli', 'setup-token', 'api-key'] as const;
/** The one way for the providers whose tools sign in through their own CLI (google, kimi, …; src/stores/sign-in.ts). */
export const TOOL_LOGIN_METHOD = 'tool-cli';
export type OpenAiLoginMethod = (typeof OPENAI_LOGIN_METHODS)[number];
export type AnthropicLoginMethod = (typeof ANTHROPIC_LOGIN_METHODS)[number];
export type LoginMethod = OpenAiLoginMethod | AnthropicLoginMethod | typeof TOOL_LOGIN_METHOD;
/** Every `login --method`, OpenAI's first. */
export const LOGIN_METHODS: readonly LoginMethod[] = [...new Set<LoginMethod>([...OPENAI_LOGIN_METHODS, ...ANTHROPIC_LOGIN_METHODS, TOOL_LOGIN_METHOD])];

export function isProvider(p: string): p is Provider {
  return PROVIDERS.some((x) => x === p);
}

/** The wizard's methods: login's, plus keeping what is there. */
export type Method = LoginMethod | 'keep';
export const METHODS: readonly Method[] = [...new Set<Method>([...OPENAI_LOGIN_METHODS, 'keep', ...ANTHROPIC_LOGIN_METHODS])];

export function loginMethodsOf(provider: Provider): readonly LoginMethod[] {
  return provider === 'openai' ? OPENAI_LOGIN_METHODS : ANTHROPIC_LOGIN_METHODS;
}
