import { conditionsOf } from '../query/filter';
import { queryOf } from './mongo-query';

describe('the MongoDB query a filter becomes', () => {
  it('sends one value and several as the same $in on the field, so the server bounds the same index by them', () => {
    expect(queryOf(conditionsOf({ status: 'new' }))).toEqual({ status: { $in: ['new'] } });
    expect(queryOf(conditionsOf({ status: { $in: ['new', 'on_hold'] }, priority: { $in: [1, 2] } }))).toEqual({ status: { $in: ['new', 'on_hold'] }, priority: { $in: [1, 2] } });
    expect(queryOf(conditionsOf({ id: { $in: ['a', 'b'] } }))).toEqual({ _id: { $in: ['a', 'b'] } });
  });
});
