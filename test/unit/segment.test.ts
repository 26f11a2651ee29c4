import { initialState } from '../../src/domain/flow/engine';
import { segmentText } from '../../src/domain/flow/segment';
import { loadFixture, ussdContext } from '../helpers/flow-fixture';

const flow = loadFixture();
const ctx = ussdContext(flow);
const seg = (text: string) => segmentText(ctx, initialState(flow, 'home', 'fr'), text);

describe('AT text segmentation', () => {
  it('when text is empty, then there is no input', () => {
    expect(seg('')).toEqual([]);
  });

  it('when there is no free text, then inputs are split on *', () => {
    expect(seg('2*1')).toEqual(['2', '1']);
  });

  it('when a free-text answer contains *, then it is kept whole while it is the last input', () => {
    expect(seg('2*1*he said*stop')).toEqual(['2', '1', 'he said*stop']);
  });

  it('when inputs follow a free-text answer containing *, then the shortest clean split is used', () => {
    expect(seg('2*1*he said*stop*2')).toEqual(['2', '1', 'he said*stop', '2']);
    expect(seg('2*1*a*b*c*1')).toEqual(['2', '1', 'a*b*c', '1']);
  });

  it('when a free-text answer contains *98*99, then it stays text, never read as "more" then "quick exit"', () => {
    expect(seg('2*1*photo*98*99')).toEqual(['2', '1', 'photo*98*99']);
    expect(seg('2*1*photo*99*2')).toEqual(['2', '1', 'photo*99', '2']);
  });
});
