using System.Security.Cryptography;
using System.Text;
using DataBroker.Broker.Domain;

namespace DataBroker.Broker.Tests.Domain;

/// <summary>The reused per-thread instance must give exactly the one-shot HMAC, for any length and under concurrency.</summary>
public sealed class KeyedHmacTests
{
    [Theory]
    [InlineData("")]
    [InlineData("NID:1990123456789")]
    [InlineData("ঢাকা মহানগর পুলিশ")]
    public void A_value_gets_the_one_shot_hmac(string value)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var keyed = new KeyedHmac(key);
        Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value))), keyed.Hex(value));
        Assert.Equal(Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value))), keyed.Base64(value));
    }

    [Fact]
    public void A_value_longer_than_the_stack_buffer_gets_the_one_shot_hmac()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var value = new string('ক', 1_000); // 3,000 bytes of UTF-8: the pooled-buffer path
        Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value))), new KeyedHmac(key).Hex(value));
    }

    [Fact]
    public async Task Two_keys_on_many_threads_never_mix_their_instances()
    {
        byte[] first = RandomNumberGenerator.GetBytes(32), second = RandomNumberGenerator.GetBytes(32);
        KeyedHmac a = new(first), b = new(second);
        var wrong = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                var value = $"{t}:{i}";
                if (a.Hex(value) != Convert.ToHexStringLower(HMACSHA256.HashData(first, Encoding.UTF8.GetBytes(value)))
                    || b.Hex(value) != Convert.ToHexStringLower(HMACSHA256.HashData(second, Encoding.UTF8.GetBytes(value))))
                    Interlocked.Increment(ref wrong);
            }
        })));
        Assert.Equal(0, wrong);
    }
}
