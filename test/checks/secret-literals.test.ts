import { describe, it } from 'vitest';
import { dedent, expectClean, expectDiagnostics, HEADER } from '../helpers.ts';

const uses = (models: string[]) => dedent(`
  source photos: {title: string} = folder { glob: "data/*.jpg" media: image }
  stage s from photos {
  ${models.map((m, i) => `  let c${i} = ${m}(image: media)`).join('\n')}
    emit { prompt: "p" truth: "a" verifier: exact() difficulty: 0.5 domain: "images" }
  }
`);

describe('secret-literal', () => {
  it('reports a token written into the recipe, with `env(...)` in the hint', () => {
    expectDiagnostics(HEADER + dedent(`
      model captioner = hf { id: "c" task: image_to_text token: <|"hf_abc"|> }
    `) + uses(['captioner']), [
      { code: 'secret-literal', message: '`token` holds a literal secret', hint: 'reference an environment variable instead: `token: env("HF_TOKEN")`' },
    ]);
  });

  it('accepts a token read from the environment, no token at all, and `max_tokens`', () => {
    expectClean(HEADER + dedent(`
      model a = hf { id: "c" task: image_to_text token: env("HF_TOKEN") max_tokens: 512 }
      model b = hf { id: "c" task: image_to_text token: null }
      model c = hf { id: "c" task: image_to_text }
    `) + uses(['a', 'b', 'c']));
  });

  it('reports a token that comes from a parameter or from any expression other than `env(...)`', () => {
    expectDiagnostics(HEADER + dedent(`
      param key: string = "hf_abc"
      model a = hf { id: "c" task: image_to_text token: <|key|> }
      model b = hf { id: "c" task: image_to_text token: <|if true then env("HF_TOKEN") else "hf_abc"|> }
    `) + uses(['a', 'b']), ['secret-literal', 'secret-literal']);
  });

  it('reports other secret-like names, even where the property is unknown or the provider misspelt', () => {
    expectDiagnostics(HEADER + dedent(`
      model a = hf { id: "c" task: image_to_text api_key: <|"sk-1"|> }
      model b = hff { id: "c" access_token: <|"hf_abc"|> }
    `) + uses(['a', 'b']), [
      { code: 'secret-literal', message: '`api_key` holds a literal secret', hint: /`api_key: env\("HF_TOKEN"\)`/ },
      { code: 'secret-literal', message: '`access_token` holds a literal secret' },
    ], { only: ['secret-literal'] });
  });
});
