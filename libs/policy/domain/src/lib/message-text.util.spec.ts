import { display, text } from './message-text.util';

describe('text', () => {
  it('interpolates primitives and never throws on other values', () => {
    expect(text`a ${'b'} ${1} ${true} ${undefined} ${null} ${Object.create(null)} ${{ toString: () => 'x' }}`).toBe(
      'a b 1 true (missing) (missing) (malformed) (malformed)',
    );
    expect(display(Symbol('s'))).toBe('(malformed)');
  });
});
