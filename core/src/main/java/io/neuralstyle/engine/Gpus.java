package io.neuralstyle.engine;

import static org.tensorflow.internal.c_api.global.tensorflow.TFE_ContextListDevices;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_ContextOptionsSetConfig;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_DeleteContext;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_DeleteContextOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_NewContext;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_NewContextOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListMemoryBytes;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.BytePointer;
import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TFE_Context;
import org.tensorflow.internal.c_api.TFE_ContextOptions;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Status;

/**
 * The devices TensorFlow sees, asked once per process. The CPU build of TensorFlow's native library
 * is told apart without loading it, so that a CPU machine never pays for the question.
 */
public final class Gpus {
    /** Where JavaCPP keeps the CUDA build's libraries (platform plus the "-gpu" extension). */
    static final String CUDA_LIBRARY = "/org/tensorflow/internal/c_api/linux-x86_64-gpu/libjnitensorflow.so";

    private Gpus() {
    }

    /** A device as TensorFlow names it ("/device:GPU:0"), its type ("GPU", "CPU") and its memory. */
    public record VisibleDevice(String name, String type, long memoryBytes) {
    }

    /** Whether the program carries TensorFlow's CUDA build (built with -Pgpu). */
    public static boolean cudaBuild() {
        return Gpus.class.getResource(CUDA_LIBRARY) != null;
    }

    /** The first GPU TensorFlow can use; empty with the CPU build or where it sees none. */
    public static Optional<VisibleDevice> first() {
        return Holder.FIRST_GPU;
    }

    /**
     * Every device TensorFlow sees, from a short-lived eager context (on a GPU machine it reserves GPU
     * memory only as it is needed, as the sessions do).
     */
    public static List<VisibleDevice> list() {
        TensorFlow.version(); // loads the native library
        List<VisibleDevice> devices = new ArrayList<>();
        try (TF_Status status = TF_Status.newStatus()) {
            TFE_ContextOptions options = TFE_NewContextOptions();
            try {
                byte[] config = Sessions.config(Device.AUTO, 1).toByteArray();
                TFE_ContextOptionsSetConfig(options, new BytePointer(config), config.length, status);
                status.throwExceptionIfNotOK();
                TFE_Context context = TFE_NewContext(options, status);
                status.throwExceptionIfNotOK();
                try {
                    TF_DeviceList list = TFE_ContextListDevices(context, status);
                    status.throwExceptionIfNotOK();
                    try {
                        for (int i = 0; i < TF_DeviceListCount(list); i++) {
                            devices.add(new VisibleDevice(TF_DeviceListName(list, i, status).getString(),
                                    TF_DeviceListType(list, i, status).getString(),
                                    TF_DeviceListMemoryBytes(list, i, status)));
                            status.throwExceptionIfNotOK();
                        }
                    } finally {
                        TF_DeleteDeviceList(list);
                    }
                } finally {
                    TFE_DeleteContext(context);
                }
            } finally {
                TFE_DeleteContextOptions(options);
            }
        }
        return devices;
    }

    private static final class Holder {
        static final Optional<VisibleDevice> FIRST_GPU = cudaBuild()
                ? list().stream().filter(d -> d.type().equals("GPU")).findFirst()
                : Optional.empty();
    }
}
