import { expect, it } from 'vitest';
import { parseSubTemplate } from './sub-template.js';

it('cuts a Fn::Sub string into text and variables, ${!…} and unclosed ${ staying text', () => {
  expect(parseSubTemplate('arn:${AWS::Partition}:s3:::${Bucket}/*')).toEqual([{ text: 'arn:' }, { variable: 'AWS::Partition' }, { text: ':s3:::' }, { variable: 'Bucket' }, { text: '/*' }]);
  expect(parseSubTemplate('${!Literal}-${ Vpc.CidrBlock }')).toEqual([{ text: '${Literal}-' }, { variable: 'Vpc.CidrBlock' }]);
  expect(parseSubTemplate('cost: $5 ${unclosed')).toEqual([{ text: 'cost: $5 ${unclosed' }]);
  expect(parseSubTemplate('')).toEqual([]);
});
