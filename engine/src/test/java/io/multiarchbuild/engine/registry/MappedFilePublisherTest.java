package io.multiarchbuild.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedFilePublisherTest {

  @TempDir Path tmp;

  /** Requests {@code step} items at a time, from inside onNext like the HTTP client does. */
  private static final class Collector implements Flow.Subscriber<ByteBuffer> {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<Integer> sizes = new ArrayList<>();
    final long step;
    final int cancelAfter;
    Flow.Subscription subscription;
    boolean completed;
    Throwable error;
    int signalsAfterEnd;

    Collector(long step, int cancelAfter) {
      this.step = step;
      this.cancelAfter = cancelAfter;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(step);
    }

    @Override
    public void onNext(ByteBuffer item) {
      if (completed || error != null) {
        signalsAfterEnd++;
      }
      sizes.add(item.remaining());
      byte[] b = new byte[item.remaining()];
      item.get(b);
      bytes.writeBytes(b);
      if (sizes.size() == cancelAfter) {
        subscription.cancel();
      } else if (sizes.size() % step == 0) {
        subscription.request(step);
      }
    }

    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onComplete() {
      if (completed) {
        signalsAfterEnd++;
      }
      completed = true;
    }
  }

  private Path file(int size) throws Exception {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    return Files.write(tmp.resolve("blob-" + size), data);
  }

  @Test
  void subscribe_rangeSpanningWindows_deliversExactlyThoseBytesInSlices() throws Exception {
    int size = MappedFilePublisher.WINDOW + 3 * MappedFilePublisher.SLICE + 12345;
    Path f = file(size);
    byte[] all = Files.readAllBytes(f);
    long offset = 777;
    long length = size - offset - 99;
    List<Long> progress = new ArrayList<>();
    Collector c = new Collector(1, -1);

    new MappedFilePublisher(f, offset, length, progress::add).subscribe(c);

    assertThat(c.completed).isTrue();
    assertThat(c.error).isNull();
    assertThat(c.bytes.toByteArray()).isEqualTo(Arrays.copyOfRange(all, (int) offset, (int) (offset + length)));
    assertThat(c.sizes).allSatisfy(n -> assertThat(n).isBetween(1, MappedFilePublisher.SLICE));
    assertThat(progress).isSorted().last().isEqualTo(offset + length);
    assertThat(c.signalsAfterEnd).isZero();
  }

  @Test
  void subscribe_largeDemand_deliversEverythingThenCompletesOnce() throws Exception {
    Path f = file(5 * MappedFilePublisher.SLICE + 1);
    Collector c = new Collector(Long.MAX_VALUE, -1);

    new MappedFilePublisher(f, 0, Files.size(f), n -> { }).subscribe(c);

    assertThat(c.bytes.toByteArray()).isEqualTo(Files.readAllBytes(f));
    assertThat(c.sizes).hasSize(6);
    assertThat(c.completed).isTrue();
    assertThat(c.signalsAfterEnd).isZero();
  }

  @Test
  void subscribe_zeroLength_completesWithoutItems() throws Exception {
    Path f = file(10);
    Collector c = new Collector(1, -1);

    new MappedFilePublisher(f, 10, 0, n -> { }).subscribe(c);

    assertThat(c.sizes).isEmpty();
    assertThat(c.completed).isTrue();
  }

  @Test
  void cancel_afterFirstSlice_stopsDelivery() throws Exception {
    Path f = file(4 * MappedFilePublisher.SLICE);
    Collector c = new Collector(Long.MAX_VALUE, 1);

    new MappedFilePublisher(f, 0, Files.size(f), n -> { }).subscribe(c);

    assertThat(c.sizes).hasSize(1);
    assertThat(c.completed).isFalse();
    assertThat(c.error).isNull();
  }

  @Test
  void subscribe_fileShorterThanRange_signalsErrorNotShortBody() throws Exception {
    Path f = file(1000);
    Collector c = new Collector(1, -1);

    new MappedFilePublisher(f, 0, 2000, n -> { }).subscribe(c);

    assertThat(c.error).hasMessageContaining("expected at least 2000");
    assertThat(c.completed).isFalse();
    assertThat(c.sizes).isEmpty();
  }

  @Test
  void request_nonPositive_signalsIllegalArgument() throws Exception {
    Path f = file(1000);
    Collector c = new Collector(0, -1);

    new MappedFilePublisher(f, 0, 1000, n -> { }).subscribe(c);

    assertThat(c.error).isInstanceOf(IllegalArgumentException.class);
    assertThat(c.sizes).isEmpty();
  }

  @Test
  void subscribe_twice_eachSubscriberGetsTheWholeRange() throws Exception {
    Path f = file(MappedFilePublisher.SLICE + 5);
    MappedFilePublisher p = new MappedFilePublisher(f, 0, Files.size(f), n -> { });
    Collector first = new Collector(1, -1);
    Collector second = new Collector(1, -1);

    p.subscribe(first);
    p.subscribe(second);

    assertThat(first.bytes.toByteArray()).isEqualTo(Files.readAllBytes(f));
    assertThat(second.bytes.toByteArray()).isEqualTo(Files.readAllBytes(f));
  }

  @Test
  void mappedFile_onlyForFileSourcesOfAtLeastOneSlice() throws Exception {
    Path f = file(MappedFilePublisher.SLICE + 1);
    BlobSource fromFile = BlobSource.ofFile(f);

    assertThat(BlobPusher.mappedFile(fromFile, MappedFilePublisher.SLICE)).contains(f);
    assertThat(BlobPusher.mappedFile(fromFile, MappedFilePublisher.SLICE - 1)).isEmpty();
    assertThat(BlobPusher.mappedFile(BlobSource.ofBytes(new byte[MappedFilePublisher.SLICE + 1]),
        MappedFilePublisher.SLICE + 1)).isEmpty();
  }
}
