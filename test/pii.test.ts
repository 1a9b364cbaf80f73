import { describe, expect, it } from 'vitest';
import { DEFAULT_PII_PATTERNS, luhnValid, maskPii } from '../src/extract/pii.js';
import type { PiiPattern } from '../src/extract/pii.js';

/** Masks and returns only the text. */
const mask = (text: string): string => maskPii(text).text;

/** [input, expected masked text] pairs, checked one by one so a failure names the example. */
function expectMasked(cases: [string, string][]): void {
  for (const [input, expected] of cases) expect(mask(input), input).toBe(expected);
}

describe('maskPii: phones', () => {
  it('masks Chinese mobiles with optional +86 / 86 / spaces / dashes', () => {
    expectMasked([
      ['我的手机号是13812345678，请回电', '我的手机号是<PHONE>，请回电'],
      ['联系电话：+86 139-1234-5678', '联系电话：<PHONE>'],
      ['打 86 15012345678 或 (+86)18600001111', '打 <PHONE> 或 <PHONE>'],
      ['号码 138 0000 0000 已停机', '号码 <PHONE> 已停机'],
      ['0086-17712345678', '<PHONE>'],
    ]);
  });

  it('masks Chinese landlines', () => {
    expectMasked([
      ['座机010-12345678没人接', '座机<PHONE>没人接'],
      ['深圳办公室 0755 1234 5678', '深圳办公室 <PHONE>'],
      ['请拨(021)61234567转8001', '请拨<PHONE>'],
    ]);
  });

  it('masks North American and other international numbers', () => {
    expectMasked([
      ['Call me at +1 (555) 123-4567 tonight', 'Call me at <PHONE> tonight'],
      ['my cell is 555-123-4567.', 'my cell is <PHONE>.'],
      ['office: (415) 555.0199 or 415.555.0123', 'office: <PHONE> or <PHONE>'],
      ['London +44 20 7946 0958, Berlin +49 30 1234567', 'London <PHONE>, Berlin <PHONE>'],
    ]);
  });

  it('keeps company hotlines, short numbers and undelimited 10-digit numbers', () => {
    expectMasked([
      ['客服热线 400-820-8820 或 95588', '客服热线 400-820-8820 或 95588'],
      ['toll free 800-555-0199', 'toll free 800-555-0199'],
      ['ID 5551234567 is not a phone', 'ID 5551234567 is not a phone'],
      ['拨打10086查询', '拨打10086查询'],
    ]);
  });
});

describe('maskPii: e-mail', () => {
  it('masks addresses in both languages', () => {
    expectMasked([
      ['请发邮件到 zhang.san@example.com 谢谢', '请发邮件到 <EMAIL> 谢谢'],
      ['邮箱:test_user+support@mail.example.cn。', '邮箱:<EMAIL>。'],
      ['Reply to John.Doe@sub.example.co.uk please', 'Reply to <EMAIL> please'],
      ['cc: a1@b2.io, x-y@z-w.org', 'cc: <EMAIL>, <EMAIL>'],
    ]);
  });

  it('does not mask @mentions or half addresses', () => {
    expectMasked([
      ['@某宽带客服 请处理', '@某宽带客服 请处理'],
      ['user@localhost is not routable', 'user@localhost is not routable'],
      ['张三@qq 不完整', '张三@qq 不完整'],
    ]);
  });
});

describe('maskPii: ID numbers', () => {
  it('masks 18- and 15-digit resident IDs and passport numbers', () => {
    expectMasked([
      ['身份证号110105199001011234，请核对', '身份证号<ID_NUMBER>，请核对'],
      ['证件号码 44030619851231002X 已验证', '证件号码 <ID_NUMBER> 已验证'],
      ['旧身份证 110105900101123', '旧身份证 <ID_NUMBER>'],
      ['护照号：E12345678', '护照号：<ID_NUMBER>'],
      ['passport no. G87654321 expired', 'passport no. <ID_NUMBER> expired'],
      ['Passport: EA1234567', 'Passport: <ID_NUMBER>'],
    ]);
  });

  it('keeps 18-digit numbers whose date part is impossible', () => {
    expectMasked([['流水 110105199013451234', '流水 110105199013451234']]);
  });
});

describe('maskPii: bank cards', () => {
  it('masks Luhn-valid card numbers, grouped or not', () => {
    expectMasked([
      ['卡号 4111 1111 1111 1111 被扣款', '卡号 <CARD> 被扣款'],
      ['银行卡6222021234567890128还款失败', '银行卡<CARD>还款失败'],
      ['card 5500-0000-0000-0004 declined', 'card <CARD> declined'],
      ['Amex 3782 822463 10005 on file', 'Amex <CARD> on file'],
    ]);
  });

  it('keeps non-Luhn numbers, timestamps and mixed separators', () => {
    expectMasked([
      ['编号4111111111111112已记录', '编号4111111111111112已记录'],
      ['at 1785595200000 ms', 'at 1785595200000 ms'],
      ['4111 1111-1111 1111', '4111 1111-1111 1111'],
      ['ratio 2.4111111111111111%', 'ratio 2.4111111111111111%'],
    ]);
  });

  it('checks Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('79927398713')).toBe(true);
  });
});

describe('maskPii: order and ticket numbers', () => {
  it('masks ids after Chinese cue words, keeping the cue', () => {
    expectMasked([
      ['订单号：202609011234 还没发货', '订单号：<ORDER> 还没发货'],
      ['工单号 GD-2026-0001 已关闭', '工单号 <ORDER> 已关闭'],
      ['我的订单TB12345678退款了吗', '我的订单<ORDER>退款了吗'],
      ['快递单号是SF1234567890123', '快递单号是<ORDER>'],
    ]);
  });

  it('masks ids after English cue words', () => {
    expectMasked([
      ['Order #A1B2C3D4 arrived broken', 'Order #<ORDER> arrived broken'],
      ['my order number is 1234567890', 'my order number is <ORDER>'],
      ['tracking number: 1Z999AA10123456784', 'tracking number: <ORDER>'],
      ['Ticket no. INC-000123 reopened', 'Ticket no. <ORDER> reopened'],
    ]);
  });

  it('needs the cue, six characters and a digit, and is not a date', () => {
    expectMasked([
      ['in order to reset the router', 'in order to reset the router'],
      ['order 12345 is short', 'order 12345 is short'],
      ['订单 2026-09-01 下的', '订单 2026-09-01 下的'],
      ['6222021234567891 without a cue', '6222021234567891 without a cue'],
    ]);
  });
});

describe('maskPii: addresses', () => {
  it('masks Chinese addresses with a number, keeping the words around them', () => {
    expectMasked([
      ['我住在北京市朝阳区建国路88号3栋2单元501室，一直断网', '我住在<ADDRESS>，一直断网'],
      ['寄到上海市浦东新区张江路100号', '寄到<ADDRESS>'],
      ['收货地址：广东省深圳市南山区深南大道9988号', '收货地址：<ADDRESS>'],
      ['家在幸福花园12栋3单元', '家在<ADDRESS>'],
      ['地址:杭州市西湖区文三路20-3号, 电话另告', '地址:<ADDRESS>, 电话另告'],
    ]);
  });

  it('masks English street addresses', () => {
    expectMasked([
      [
        'I live at 1600 Pennsylvania Avenue NW, please send it',
        'I live at <ADDRESS>, please send it',
      ],
      ['ship to 221B Baker Street, Apt 4 today', 'ship to <ADDRESS> today'],
      ['742 Evergreen Terrace, Springfield, IL 62704 is home', '<ADDRESS> is home'],
      ['office at 12 N. Main St. Suite 300', 'office at <ADDRESS>'],
    ]);
  });

  it('keeps place names without a street number and ordinary words', () => {
    expectMasked([
      ['北京市朝阳区的营业厅态度很差', '北京市朝阳区的营业厅态度很差'],
      ['原有线路3年没换过', '原有线路3年没换过'],
      ['在家里4G信号很差', '在家里4G信号很差'],
      ['I have 2 phones on the road', 'I have 2 phones on the road'],
    ]);
  });
});

describe('maskPii: names', () => {
  it('masks Chinese names after cue words and before honorifics', () => {
    expectMasked([
      ['你好，我叫张三，宽带坏了', '你好，我叫<NAME>，宽带坏了'],
      ['联系人：李四 电话稍后提供', '联系人：<NAME> 电话稍后提供'],
      ['收件人王小明电话打不通', '收件人<NAME>电话打不通'],
      ['我是欧阳娜娜。', '我是<NAME>。'],
      ['您好王先生，已为您处理', '您好<NAME>先生，已为您处理'],
      ['我姓陈，昨天来过', '我姓<NAME>，昨天来过'],
    ]);
  });

  it('does not take ordinary words after the cues for names', () => {
    expectMasked([
      ['我是华为手机用户', '我是华为手机用户'],
      ['请提供联系人姓名和电话', '请提供联系人姓名和电话'],
      ['姓名格式错误怎么办', '姓名格式错误怎么办'],
      ['谢谢先生', '谢谢先生'],
    ]);
  });

  it('masks English names after cue words and titles', () => {
    expectMasked([
      ['My name is John Smith and my router is dead', 'My name is <NAME> and my router is dead'],
      ['Hi, this is Mary from accounting', 'Hi, this is <NAME> from accounting'],
      ["Mr. Brown called; Ms. O'Neil did not", 'Mr. <NAME> called; Ms. <NAME> did not'],
      ['Contact: Anna McDonald', 'Contact: <NAME>'],
    ]);
  });

  it('does not take products or lower-case phrases for names', () => {
    expectMasked([
      ['This is Windows 11 Pro', 'This is Windows 11 Pro'],
      [
        'the worst part is that this is Monday again',
        'the worst part is that this is Monday again',
      ],
      ['this is ridiculous', 'this is ridiculous'],
      ['This is SeaMonkey 2.53', 'This is SeaMonkey 2.53'],
    ]);
  });
});

describe('maskPii: IP addresses and URL tokens', () => {
  it('masks IPv4 addresses', () => {
    expectMasked([
      ['路由器地址192.168.1.1打不开', '路由器地址<IP>打不开'],
      ['connect to 10.0.0.25:8080 fails', 'connect to <IP>:8080 fails'],
      ['DNS 换成 114.114.114.114 就好了', 'DNS 换成 <IP> 就好了'],
    ]);
  });

  it('keeps version numbers and invalid octets', () => {
    expectMasked([
      ['升级到版本 2.1.3 后闪退', '升级到版本 2.1.3 后闪退'],
      ['updated from 1.4.8.5 to 1.5', 'updated from 1.4.8.5 to 1.5'],
      ['固件 10.6.3.25版', '固件 10.6.3.25版'],
      ['999.1.1.1 and 1.2.3.4.5', '999.1.1.1 and 1.2.3.4.5'],
    ]);
  });

  it('masks tokens in query strings', () => {
    expectMasked([
      [
        'https://ex.com/cb?token=abcdef123456&lang=zh',
        'https://ex.com/cb?token=<URL_TOKEN>&lang=zh',
      ],
      ['链接 /reset?code=9f8e7d6c5b 失效了', '链接 /reset?code=<URL_TOKEN> 失效了'],
      ['?a=1&access_token=eyJhbGciOi.x.y#top', '?a=1&access_token=<URL_TOKEN>#top'],
    ]);
  });
});

describe('maskPii: things that must never be masked', () => {
  it('keeps versions, error codes, dates, amounts, short numbers and model names', () => {
    const text =
      'App 2.1.3 报错 691 和 0x80070005，2026-09-01 扣了3000元，验证码 123456，' +
      'iPhone 15 Pro 的 5G 不稳定，Windows 10 build 19045，时间 14:30:00，温度 -5，第 3 次';
    expect(maskPii(text)).toEqual({ text, found: {} });
  });
});

describe('maskPii: a realistic mixed ticket', () => {
  it('masks every kind and keeps the story readable', () => {
    const ticket =
      '您好，我叫王小明，手机13812345678，邮箱 wxm@example.com。订单号：TB20260901001 ' +
      '用尾号的卡 6222 0212 3456 7890 128 付的款，地址北京市朝阳区建国路88号3栋2单元501室。' +
      '身份证110105199001011234。路由器管理页 192.168.1.1 打不开。' +
      'Also, this is urgent: call +1 (555) 123-4567, ask for Mr. Brown.';
    const { text, found } = maskPii(ticket);
    expect(text).toBe(
      '您好，我叫<NAME>，手机<PHONE>，邮箱 <EMAIL>。订单号：<ORDER> ' +
        '用尾号的卡 <CARD> 付的款，地址<ADDRESS>。' +
        '身份证<ID_NUMBER>。路由器管理页 <IP> 打不开。' +
        'Also, this is urgent: call <PHONE>, ask for Mr. <NAME>.',
    );
    expect(found).toEqual({
      name: 2,
      phone: 2,
      email: 1,
      order: 1,
      address: 1,
      id_number: 1,
      card: 1,
      ip: 1,
    });
  });

  it('is stable: the same input always gives the same output', () => {
    const input = '联系人：李四，电话 010-12345678，my name is Ann Lee, ann@example.org';
    const first = maskPii(input);
    expect(maskPii(input)).toEqual(first);
    expect(maskPii(first.text).text).toBe(first.text); // masking the masked text changes nothing
  });
});

describe('maskPii: configuration', () => {
  const EMPLOYEE: PiiPattern = {
    kind: 'employee_id',
    regex: /\bEMP-\d{5}\b/,
    placeholder: '<EMPLOYEE>',
  };

  it('adds patterns with extraPatterns (run first) or a spread of the defaults', () => {
    const input = 'EMP-12345 handled it, mail a@b.io';
    expect(maskPii(input, { extraPatterns: [EMPLOYEE] })).toEqual({
      text: '<EMPLOYEE> handled it, mail <EMAIL>',
      found: { employee_id: 1, email: 1 },
    });
    expect(maskPii(input, { patterns: [...DEFAULT_PII_PATTERNS, EMPLOYEE] }).text).toBe(
      '<EMPLOYEE> handled it, mail <EMAIL>',
    );
  });

  it('replaces the list with patterns, and defaults the placeholder to the kind', () => {
    const onlyEmail = DEFAULT_PII_PATTERNS.filter((p) => p.kind === 'email');
    expect(maskPii('a@b.io 13812345678', { patterns: onlyEmail }).text).toBe('<EMAIL> 13812345678');
    const custom: PiiPattern = { kind: 'ticket_ref', regex: /#\d{4}/g };
    expect(maskPii('see #1234', { patterns: [custom] })).toEqual({
      text: 'see <TICKET_REF>',
      found: { ticket_ref: 1 },
    });
  });

  it('replaces only the pii group, honours validate, and survives empty matches', () => {
    const cued: PiiPattern = {
      kind: 'member',
      regex: /member (?<pii>\d+)/,
      validate: (value) => value !== '0000',
    };
    expect(maskPii('member 42 and member 0000', { patterns: [cued] }).text).toBe(
      'member <MEMBER> and member 0000',
    );
    const empty: PiiPattern = { kind: 'nothing', regex: /x*/ };
    expect(maskPii('abc', { patterns: [empty] })).toEqual({ text: 'abc', found: {} });
  });
});

describe('maskPii: linear time on adversarial input', () => {
  // No timing assertions: these would hang (catastrophic backtracking) if a pattern regressed.
  const inputs: [string, string][] = [
    ['digits', '1'.repeat(1e6)],
    ['at-signs', 'a@'.repeat(5e5)],
    ['spaced digits', '1 '.repeat(5e5)],
    ['dashed digits', '1-'.repeat(5e5)],
    ['dotted digits', '1.'.repeat(5e5)],
    ['Han place names', '北京市'.repeat(3.4e5)],
    ['cue words', '我叫'.repeat(5e5)],
    ['street suffixes', '路1'.repeat(5e5)],
    ['English cues', 'order '.repeat(1.7e5)],
    ['titles', 'Mr. '.repeat(2.5e5)],
    ['capitalised words', 'Ab '.repeat(3.4e5)],
  ];
  for (const [name, input] of inputs) {
    it(`completes on 1 MB of ${name}`, () => {
      expect(input.length).toBeGreaterThanOrEqual(1e6);
      const { text } = maskPii(input);
      expect(typeof text).toBe('string');
    });
  }
});
