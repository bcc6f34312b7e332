// API-key shape checks for `login --method api-key`. Like src/anthropic/shapes.ts:
// a sentence for the user, never the value.
import { checkAnthropicApiKey } from '../anthropic/shapes';

const KEY_CHARS = /^[A-Za-z0-9_-]+$/;

/** undefined when `value` looks like an OpenAI API key (sk-…, sk-proj-…, sk-svcacct-…), else why not. */
export function checkOpenAiApiKey(value: string): string | undefined {
  if (value === '') return 'Nothing was entered. Paste the API key.';
  if (/\s/.test(value)) return 'The API key cannot contain spaces or line breaks; paste it as one piece.';
  if (value.startsWith('sk-ant-')) return 'That is an Anthropic key; use --provider anthropic for it.';
  if (!value.startsWith('sk-')) return 'An OpenAI API key starts with sk- (sk-proj-…); create one at https://platform.openai.com/api-keys.';
  if (value.length < 20) return `That is too short to be an API key (${value.length} characters; expected at least 20).`;
  if (value.length > 300) return `That is too long to be an API key (${value.length} characters; expected at most 300).`;
  if (!KEY_CHARS.test(value)) return 'That contains characters an API key does not have; paste it exactly as shown.';
  return undefined;
}

export function checkApiKey(provider: 'openai' | 'anthropic', value: string): string | undefined {
  return provider === 'openai' ? checkOpenAiApiKey(value) : checkAnthropicApiKey(value);
}
