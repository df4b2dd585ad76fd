import { inputProblems } from './well-formed-input';

describe('inputProblems', () => {
  it('names each ill-formed string by its path: nested, in lists, in keys', () => {
    const body = JSON.parse('{"name":"web\\ud800","window":{"start":"\\udc00"},"ids":["ok","\\ud83d"],"attributes":{"\\ud800":1}}');
    expect(inputProblems(body).map((p) => p.field)).toEqual(['name', 'window.start', 'ids.1', 'attributes.\ud800']);
  });

  it.each(['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__'])(
    'refuses the key %s wherever it is, which Nest or class-transformer would drop without a word',
    (key) => {
      const body = JSON.parse(`{"top":{"${key}":1},"list":[{"${key}":2}]}`);
      expect(inputProblems(body).map((p) => p.field)).toEqual([`top.${key}`, `list.0.${key}`]);
    },
  );

  it('finds nothing wrong with ordinary input of every JSON type', () => {
    expect(inputProblems({ title: 'Mail 🚀', impact: 2, urgent: true, note: null, ids: ['a', 'b'], attributes: { os: 'linux', ToString: 'fine' } })).toEqual([]);
    expect(inputProblems(undefined)).toEqual([]);
  });
});
