// The names of the trainer's choices (Loss, Sampling), kept apart from the
// trainer so that parsing a plan needs no LibTorch.
#include "interceptor/model/named_choice.h"
#include "interceptor/model/training/trainer.h"

namespace interceptor {
const char* loss_name(Loss loss) {
    switch (loss) {
        case Loss::WeightedCrossEntropy:
            return "weighted_cross_entropy";
        case Loss::Focal:
            return "focal";
        case Loss::CrossEntropy:
            break;
    }
    return "cross_entropy";
}

Result<Loss> parse_loss(const std::string& name) {
    static const Loss all[] = {Loss::CrossEntropy, Loss::WeightedCrossEntropy, Loss::Focal};
    return parse_named(name, all, loss_name, "loss");
}

const char* sampling_name(Sampling sampling) {
    switch (sampling) {
        case Sampling::Balanced:
            return "balanced";
        case Sampling::Paired:
            return "paired";
        case Sampling::Weighted:
            break;
    }
    return "weighted";
}

Result<Sampling> parse_sampling(const std::string& name) {
    static const Sampling all[] = {Sampling::Weighted, Sampling::Balanced, Sampling::Paired};
    return parse_named(name, all, sampling_name, "sampling");
}

}  // namespace interceptor
