using DataBroker.Broker.Storage.Redis;

namespace DataBroker.Broker.Tests.Storage;

public sealed class RedisSubjectIndexTests
{
    [Fact]
    public void Positions_appended_as_varints_read_back_in_order_across_every_byte_length()
    {
        long[] positions = [1, 127, 128, 300, 16_383, 16_384, 2_097_152, 1L << 35, long.MaxValue];
        var value = positions.SelectMany(RedisSubjectIndex.Encode).ToArray();
        Assert.Equal(positions, RedisSubjectIndex.Decode(value));
        Assert.Equal([1, 1, 2, 2, 2, 3, 4, 6, 9], positions.Select(p => RedisSubjectIndex.Encode(p).Length));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(128, 0)]
    [InlineData(129, 1)]
    [InlineData(256, 1)]
    [InlineData(257, 2)]
    [InlineData(10_000_000, 17)]
    public void A_position_belongs_to_the_first_generation_whose_span_holds_it(long position, int generation) =>
        Assert.Equal(generation, RedisSubjectIndex.GenerationOf(position, RedisSubjectIndex.GenerationSize));
}
